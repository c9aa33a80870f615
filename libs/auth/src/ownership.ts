import { NotFoundError } from '@grants/common';
import { AuthUser, hasRole } from './auth-user';
import { Role } from './roles';

/**
 * Object-level access: the owner, or staff holding one of `staffRoles`. Anyone else gets the
 * same 404 as for a missing object, so ids cannot be probed for existence.
 */
export function assertCanAccess(
  user: AuthUser,
  ownerId: string | null | undefined,
  staffRoles: Role[],
  notFound: () => NotFoundError,
): void {
  if (ownerId && ownerId === user.id) return;
  if (hasRole(user, ...staffRoles)) return;
  throw notFound();
}
