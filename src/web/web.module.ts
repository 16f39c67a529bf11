import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { EventsModule } from '../events/events.module.js';
import { PartiesModule } from '../parties/parties.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { ThemesModule } from '../themes/themes.module.js';
import { WebController } from './web.controller.js';
import { FollowController } from './follow.controller.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { WebPagesService } from './web-pages.service.js';

@Module({
  imports: [
    AssessmentsModule,
    CommitmentsModule,
    EventsModule,
    PartiesModule,
    StatsModule,
    ThemesModule,
    SubscriptionsModule,
  ],
  controllers: [WebController, FollowController],
  providers: [WebPagesService],
  exports: [WebPagesService],
})
export class WebModule {}
