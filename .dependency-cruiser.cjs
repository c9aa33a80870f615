/** Layer rules of the monorepo (DESIGN.md): apps import libs; libs never import apps; apps never import each other. */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-other-app',
      severity: 'error',
      comment: 'Services talk over Kafka events and keep replicas; they never import each other.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      comment: 'Shared code must not depend on a service.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-lib-deep-import',
      severity: 'error',
      comment: 'A lib is used through its one public index.ts (@grants/<lib>).',
      from: { path: '^(apps|libs/([^/]+))/' },
      to: { path: '^libs/([^/]+)/src/(?!index\\.ts$)', pathNot: ['^libs/$2/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/|\\.cache/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
