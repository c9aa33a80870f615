import { Module } from '@nestjs/common';
import { OutcomeModule } from '../outcome/outcome.module';
import { CatalogueController } from './catalogue.controller';
import { CatalogueQuery } from './catalogue.query';

@Module({
  imports: [OutcomeModule],
  controllers: [CatalogueController],
  providers: [CatalogueQuery],
})
export class CatalogueModule {}
