import { registerDecorator, ValidationOptions } from 'class-validator';

/** Opening the moment the call is published, instead of at a given instant. */
export const ON_PUBLICATION = 'ON_PUBLICATION';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A full ISO 8601 instant with its offset (2023-10-31T23:59:00+01:00 or …Z): never a bare date. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function IsInstant(opts: { allowOnPublication?: boolean } & ValidationOptions = {}) {
  const { allowOnPublication, ...validationOptions } = opts;
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: {
        message: allowOnPublication
          ? `$property must be an ISO 8601 instant with its offset (2023-10-31T23:59:00+01:00) or ${ON_PUBLICATION}`
          : '$property must be an ISO 8601 instant with its offset (2023-10-31T23:59:00+01:00)',
        ...validationOptions,
      },
      validator: {
        validate: (value: unknown) => isInstant(value) || (!!allowOnPublication && value === ON_PUBLICATION),
      },
    });
  };
}
