import { isDocsUrl } from './content-security';
import { fileOfPath } from './portal-static';

describe('portal files', () => {
  const root = '/srv/portal';

  it('maps a request path to a file inside the portal directory', () => {
    expect(fileOfPath(root, '/')).toBe('index.html');
    expect(fileOfPath(root, '/assets/index-3f9a1c.js')).toBe('assets/index-3f9a1c.js');
    expect(fileOfPath(root, '/applications/42/receipt')).toBe('applications/42/receipt');
    expect(fileOfPath(root, '/%D0%BC%D0%BA.txt')).toBe('мк.txt');
  });

  it('refuses paths that could leave the directory or reach hidden files', () => {
    for (const path of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc', '/a%5c..%5cb', '/.env', '/%00', '/%E0%A4%A']) {
      expect(fileOfPath(root, path)).toBeUndefined();
    }
  });
});

describe('Swagger UI paths', () => {
  it('are /api/docs and below, nothing else', () => {
    expect(isDocsUrl('/api/docs')).toBe(true);
    expect(isDocsUrl('/api/docs/')).toBe(true);
    expect(isDocsUrl('/api/docs/swagger-ui-init.js')).toBe(true);
    expect(isDocsUrl('/api/docs?x=1')).toBe(true);
    expect(isDocsUrl('/api/docsx')).toBe(false);
    expect(isDocsUrl('/')).toBe(false);
    expect(isDocsUrl('/api/calls')).toBe(false);
  });
});
