import { resolveRoute } from './route-table';

describe('gateway route table', () => {
  it.each([
    ['/api/calls', 'calls', '/calls'],
    ['/api/calls?kind=NGO_GRANT', 'calls', '/calls?kind=NGO_GRANT'],
    ['/api/calls/7d1f/publish', 'calls', '/calls/7d1f/publish'],
    ['/api/calls/7d1f/applications', 'applications', '/calls/7d1f/applications'],
    ['/api/calls/7d1f/applications?x=1', 'applications', '/calls/7d1f/applications?x=1'],
    ['/api/calls/7d1f/applications/9/withdraw', 'applications', '/calls/7d1f/applications/9/withdraw'],
    ['/api/applications/9', 'applications', '/applications/9'],
    ['/api/evaluation/entries/9/award', 'evaluation', '/evaluation/entries/9/award'],
    ['/api/disbursement/grants', 'disbursement', '/disbursement/grants'],
    ['/api/notifications/deliveries', 'notifications', '/notifications/deliveries'],
  ])('%s → %s %s', (url, upstream, path) => {
    expect(resolveRoute(url)).toEqual({ upstream, path });
  });

  it.each(['/api/unknown/x', '/api/', '/health/ready', '/calls', '/api/callsx', '/api/calls-x/1'])('%s has no route', (url) => {
    expect(resolveRoute(url)).toBeNull();
  });
});
