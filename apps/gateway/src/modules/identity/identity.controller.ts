import { AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Public } from '@grants/common';
import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ChangePasswordDto,
  CreateStaffDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  RegisterApplicantDto,
  UpdateMeDto,
} from './dto/identity.dto';
import { noRefreshToken } from './identity.errors';
import {
  assertNotCrossSite,
  clearRefreshCookie,
  refreshTokenOfCookies,
  setRefreshCookie,
  wantsCookieOnly,
} from './session-cookie';
import { Session } from './sessions';
import { SigningKeys } from './signing-keys';
import { CreateAccountUseCase } from './use-cases/accounts.use-case';
import { LoginUseCase } from './use-cases/login.use-case';
import { PasswordsUseCase } from './use-cases/passwords.use-case';
import { ProfileUseCase } from './use-cases/profile.use-case';
import { RefreshSessionUseCase } from './use-cases/refresh-session.use-case';

const withoutRefreshToken = ({ refreshToken: _inCookie, ...rest }: Session): Omit<Session, 'refreshToken'> => rest;

@Controller('api/auth')
export class IdentityController {
  constructor(
    private readonly accounts: CreateAccountUseCase,
    private readonly login: LoginUseCase,
    private readonly sessions: RefreshSessionUseCase,
    private readonly passwords: PasswordsUseCase,
    private readonly keys: SigningKeys,
    private readonly profiles: ProfileUseCase,
  ) {}

  /** Applicants register themselves; staff are created by an admin. */
  @Public()
  @Post('register')
  register(@Body() dto: RegisterApplicantDto) {
    return this.accounts.execute({ ...dto, roles: ['APPLICANT'] });
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiHeader({ name: 'X-Session-Transport', required: false, description: '"cookie": the refresh token only in the grants_refresh cookie, not in the body (browsers)' })
  @Post('login')
  @HttpCode(200)
  async signIn(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const session = await this.login.execute(dto.email, dto.password);
    setRefreshCookie(reply, session.refreshToken, session.refreshTokenExpiresAt);
    return wantsCookieOnly(req) ? withoutRefreshToken(session) : session;
  }

  /**
   * Rotates the refresh token from the JSON body (API clients, answered as before) or, when the
   * body has none, from the session cookie (browsers: the new token goes back in the cookie only).
   */
  @Public()
  @ApiHeader({ name: 'X-Requested-With', required: false, description: 'Required (any value) when the refresh token comes from the grants_refresh cookie, unless the body is JSON' })
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const byCookie = !dto.refreshToken;
    const token = dto.refreshToken ?? this.cookieToken(req);
    if (!token) throw noRefreshToken();
    if (byCookie) clearRefreshCookie(reply); // a refused cookie is dropped; replaced below on success
    const session = await this.sessions.refresh(token);
    reply.removeHeader('set-cookie');
    setRefreshCookie(reply, session.refreshToken, session.refreshTokenExpiresAt);
    return byCookie || wantsCookieOnly(req) ? withoutRefreshToken(session) : session;
  }

  /** Ends the login of the token in the body or the cookie, and clears the cookie. Idempotent. */
  @Public()
  @ApiHeader({ name: 'X-Requested-With', required: false, description: 'Required (any value) when the refresh token comes from the grants_refresh cookie, unless the body is JSON' })
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = dto.refreshToken ?? this.cookieToken(req);
    if (token) await this.sessions.logout(token);
    clearRefreshCookie(reply);
  }

  /** The cookie's token, accepted only on a request a cross-site form could not have made. */
  private cookieToken(req: FastifyRequest): string | undefined {
    const token = refreshTokenOfCookies(req.headers.cookie);
    if (token) assertNotCrossSite(req);
    return token;
  }

  /** The signed-in account: id, roles and organisation as in the token, plus e-mail, name and preferred language. */
  @Authenticated()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return this.profiles.get(user.id);
  }

  /** Changes the caller's own account: `{ "preferredLanguage": "mk" }` (mk, sq, bs, sr, hr, bg, en); e-mails follow it. */
  @Authenticated()
  @Patch('me')
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto) {
    return this.profiles.update(user.id, dto);
  }

  @Authenticated()
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.passwords.change(user.id, dto.currentPassword, dto.newPassword);
  }

  @Roles('ADMIN')
  @Post('staff')
  createStaff(@Body() dto: CreateStaffDto) {
    return this.accounts.execute(dto);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('password-reset')
  @HttpCode(202)
  async requestReset(@Body() dto: PasswordResetRequestDto) {
    await this.passwords.requestReset(dto.email);
    return { message: 'If an account exists for this e-mail, a reset link is on its way.' };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  async confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.passwords.confirmReset(dto.token, dto.newPassword);
  }

  @Public()
  @Get('.well-known/jwks.json')
  jwks() {
    return this.keys.jwks();
  }
}
