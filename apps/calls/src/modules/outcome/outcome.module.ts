import { Module } from '@nestjs/common';
import { OutcomeView } from './outcome.view';
import { ResultsPublishedConsumer } from './results-published.consumer';

@Module({ providers: [ResultsPublishedConsumer, OutcomeView], exports: [ResultsPublishedConsumer, OutcomeView] })
export class OutcomeModule {}
