import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { RevokeVerificationDto, VerificationDto, VerificationHistoryDto, VerifyOrganisationDto } from './dto/verification.dto';
import { TrustService } from './trust.service';
import { ApiScope } from '../auth/scopes';

@ApiTags('trust')
@ApiBearerAuth()
@Controller({ path: 'organisations/:id/verification', version: '1' })
export class TrustController {
  constructor(private readonly trust: TrustService) {}

  @Put()
  @ApiOperation({
    summary: 'Verify an organisation (organisers of its district or a district above it, admins)',
    description:
      "Records what was checked (basis, fitting the organisation's kind), who and when, and shows the badge wherever the organisation appears. Idempotent: the same basis and note again change nothing; another basis or note re-verifies. Members never verify their own organisation.",
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'SELF_VERIFICATION', 'ORGANISATION_NOT_FOUND')
  verify(@Param('id', ParseIdPipe) id: string, @Body() dto: VerifyOrganisationDto, @CurrentActor() actor: Actor): Promise<VerificationDto> {
    return this.trust.verify(actor, id, dto.basis, dto.note ?? null);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the verification, with a reason (organisers of the district, admins)', description: 'Idempotent: revoking an unverified organisation changes nothing.' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'SELF_VERIFICATION', 'ORGANISATION_NOT_FOUND')
  async revoke(@Param('id', ParseIdPipe) id: string, @Body() dto: RevokeVerificationDto, @CurrentActor() actor: Actor): Promise<void> {
    await this.trust.revoke(actor, id, dto.reason);
  }

  @Get('history')
  @ApiScope('organisations')
  @ApiOperation({ summary: "The verification's current state (with who verified) and its history, newest first (the organisation's members, the district's organisers, admins)" })
  @ApiOkResponse({ type: VerificationHistoryDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  history(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor): Promise<VerificationHistoryDto> {
    return this.trust.history(actor, id);
  }
}
