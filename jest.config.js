// Three tiers (see STYLE.md): unit specs need no servers; integration and e2e run on the real
// PostgreSQL, Redis and Kafka that deploy/up.sh makes ready.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const libs = ['contracts', 'messaging', 'jobs', 'database', 'auth', 'money', 'common', 'testing'];
const moduleNameMapper = Object.fromEntries(
  libs.map((l) => [`^@grants/${l}$`, `<rootDir>/libs/${l}/src`]),
);
const base = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.cache/'],
};
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,bench,deploy}/**/*.spec.ts'],
      // The portal's tests use FormatJS (react-intl, its ICU parser), which ships as ES modules only.
      transform: { ...base.transform, '/node_modules/(@formatjs|react-intl|intl-messageformat)/.+\\.js$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(@formatjs|react-intl|intl-messageformat)/)'],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,deploy}/**/*.int-spec.ts'],
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/apps/**/*.e2e-spec.ts'] },
  ],
  // Integration and e2e tests wait on real brokers and consumer-group joins.
  testTimeout: 120000,
};
