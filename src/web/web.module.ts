import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module.js';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { EventsModule } from '../events/events.module.js';
import { PartiesModule } from '../parties/parties.module.js';
import { StatsModule } from '../stats/stats.module.js';
import { ThemesModule } from '../themes/themes.module.js';
import { WebController } from './web.controller.js';
import { WebPagesService } from './web-pages.service.js';

@Module({
  imports: [
    AssessmentsModule,
    CommitmentsModule,
    EventsModule,
    PartiesModule,
    StatsModule,
    ThemesModule,
  ],
  controllers: [WebController],
  providers: [WebPagesService],
})
export class WebModule {}
