import { Matches, ValidationOptions } from 'class-validator';

/** Money and other exact integers travel as strings of digits: JSON numbers lose precision. */
export const IsMinorUnits = (opts?: ValidationOptions) =>
  Matches(/^-?\d{1,18}$/, { message: '$property must be an integer number of minor units, as a string', ...opts });
