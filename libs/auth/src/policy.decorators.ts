import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { AuthUser } from './auth-user';
import { Role } from './roles';

export const ROLES_KEY = 'grants:roles';
export const ANY_ROLE = 'grants:any-role';

/** Only users holding one of these roles. Recorded in OpenAPI as `x-roles`. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension('x-roles', roles));

/** Any signed-in user; the handler then checks ownership of the object it touches. */
export const Authenticated = () =>
  applyDecorators(SetMetadata(ANY_ROLE, true), ApiBearerAuth(), ApiExtension('x-roles', ['*']));

export const AUTH_USER = 'authUser';

/** The verified caller. Only on routes guarded by @Roles or @Authenticated. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<Record<string, unknown>>()[AUTH_USER] as AuthUser | undefined;
  if (!user) throw new Error('@CurrentUser() used on a route without @Roles or @Authenticated');
  return user;
});
