// The pure core of evaluation: no Nest, no I/O, no clock. Same input, same output.
export * from './conflicts';
export * from './assignment';
export * from './aggregation';
export * from './divergence';
export * from './ranking';
export * from './selection';
export * from './minor-units-json';
export { compareCodeUnits, formatHundredths, toHundredths } from './stable-order';
