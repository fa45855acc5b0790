import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { SuggestionListDto, SuggestionQueryDto } from './dto/suggestion.dto';
import { SuggestionsService } from './suggestions.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('marketplaces')
@ApiBearerAuth()
@ApiScope('marketplaces')
@Controller({ path: 'marketplaces', version: '1' })
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get(':id/suggestions')
  @ApiOperation({
    summary: 'Talk to these: registered participants of the other kind, ranked by the best match between what you both brought (registered participants; organisers name organisationId)',
    description:
      'What counts: the needs and offers named in each registration, or all published ones of an organisation that named none; dismissed matches are left out, and so are partners without a match. ' +
      'Each with the score, the need and offer behind it, the reasons, the partner\'s verification badge and the pair\'s meeting wish. Names are shown even when a partner is not listed publicly. ' +
      'While the marketplace is open, closed, scheduled or running.',
  })
  @ApiOkResponse({ type: SuggestionListDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'MARKETPLACE_NOT_FOUND', 'REGISTRATION_NOT_FOUND', 'INVALID_TRANSITION')
  list(@Param('id', ParseIdPipe) id: string, @Query() query: SuggestionQueryDto, @CurrentActor() actor: Actor): Promise<SuggestionListDto> {
    return this.suggestions.list(actor, id, query);
  }
}
