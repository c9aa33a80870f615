import { IS_PUBLIC, currentContext, DomainError } from '@grants/common';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUTH_USER, ANY_ROLE, ROLES_KEY } from './policy.decorators';
import { Role } from './roles';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

export const unauthorized = (message: string) => new DomainError('AUTH.UNAUTHENTICATED', message, 'UNAUTHORIZED');
export const forbidden = (message: string) => new DomainError('AUTH.FORBIDDEN', message, 'FORBIDDEN');

/**
 * Deny by default: a route must be @Public(), @Authenticated() or @Roles(...), or it is refused.
 * A missing or invalid token is 401; a valid token without the role is 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const anyRole = this.reflector.getAllAndOverride<boolean>(ANY_ROLE, targets);
    if (!roles && !anyRole) throw forbidden('This route has no access policy and is refused');

    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> } & Record<string, unknown>>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw unauthorized('A bearer access token is required');
    let user;
    try {
      user = await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthorized('The access token is invalid or expired');
      throw err;
    }
    if (roles && !user.roles.some((r) => roles.includes(r))) {
      throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    }
    req[AUTH_USER] = user;
    const context = currentContext();
    if (context) context.actorId = user.id; // travels in every event this request causes
    return true;
  }
}
