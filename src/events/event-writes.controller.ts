import { referenceWritesController } from '../reference-data/reference-writes.controller.js';
import { EVENTS } from './event-kind.js';
import { CreateEventDto, UpdateEventDto } from './dto/event-write.dto.js';
import { EventDto } from './dto/event.dto.js';

export class EventWritesController extends referenceWritesController({
  kind: EVENTS,
  path: 'events',
  keyName: 'slug',
  keyOf: (body) => body.slug,
  createDto: CreateEventDto,
  updateDto: UpdateEventDto,
  responseDto: EventDto,
}) {}
