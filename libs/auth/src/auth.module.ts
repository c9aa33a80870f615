import { ServiceConfig } from '@grants/common';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TokenVerifier, TokenVerifierOptions } from './token-verifier';

/** Every service verifies tokens itself; the guard applies to every route of the service. */
@Global()
@Module({})
export class AuthModule {
  static forService(opts: TokenVerifierOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useValue: new TokenVerifier(opts) }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }

  static fromConfig(config: ServiceConfig): DynamicModule {
    return AuthModule.forService({ jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
  }
}
