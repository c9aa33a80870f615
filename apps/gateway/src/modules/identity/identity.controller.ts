import { AuthUser, Authenticated, CurrentUser, Roles } from '@grants/auth';
import { Public } from '@grants/common';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  ChangePasswordDto,
  CreateStaffDto,
  LoginDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshDto,
  RegisterApplicantDto,
} from './dto/identity.dto';
import { SigningKeys } from './signing-keys';
import { CreateAccountUseCase } from './use-cases/accounts.use-case';
import { LoginUseCase } from './use-cases/login.use-case';
import { PasswordsUseCase } from './use-cases/passwords.use-case';
import { RefreshSessionUseCase } from './use-cases/refresh-session.use-case';

@Controller('api/auth')
export class IdentityController {
  constructor(
    private readonly accounts: CreateAccountUseCase,
    private readonly login: LoginUseCase,
    private readonly sessions: RefreshSessionUseCase,
    private readonly passwords: PasswordsUseCase,
    private readonly keys: SigningKeys,
  ) {}

  /** Applicants register themselves; staff are created by an admin. */
  @Public()
  @Post('register')
  register(@Body() dto: RegisterApplicantDto) {
    return this.accounts.execute({ ...dto, roles: ['APPLICANT'] });
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  signIn(@Body() dto: LoginDto) {
    return this.login.execute(dto.email, dto.password);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto) {
    return this.sessions.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.sessions.logout(dto.refreshToken);
  }

  @Authenticated()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return user;
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
