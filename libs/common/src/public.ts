import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'grants:public';

/**
 * Deliberately public (call catalogue, registration, login, JWKS, health). Every other route must
 * name who may call it, or the auth guard refuses it. Recorded in OpenAPI as `x-public`.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));
