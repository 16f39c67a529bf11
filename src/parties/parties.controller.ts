import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../common/api.js';
import { PublicRead } from '../common/public-read.js';
import { PartyListDto } from './dto/party.dto.js';
import { PartiesService } from './parties.service.js';

@ApiTags('parties')
@Controller(`${API_PREFIX}/parties`)
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Get()
  @PublicRead()
  @ApiOkResponse({ type: PartyListDto })
  async list(): Promise<PartyListDto> {
    return { data: await this.parties.listPublic() };
  }
}
