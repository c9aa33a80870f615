import { Module } from '@nestjs/common';
import { CoFundingController, CoFundingUseCases } from './cofunding.controller';

@Module({ controllers: [CoFundingController], providers: [CoFundingUseCases] })
export class CoFundingModule {}
