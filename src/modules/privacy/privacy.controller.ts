import { Body, Controller, Delete, Get, HttpCode, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError } from '../../common/errors/error-codes';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/decorators';
import { LoginThrottlerGuard } from '../auth/login-throttler';
import { ConfirmDeletionDto, exportSchema, OrganisationErasureDto } from './dto/privacy.dto';
import { ErasureService } from './erasure.service';
import { ORGANISATION_SECTIONS, USER_SECTIONS } from './export-sections';
import { ExportService } from './export.service';
import { EX_ID } from '../../common/examples';

const DOWNLOAD = {
  'Content-Disposition': {
    description: 'attachment; filename="marktplatz-<user|organisation>-<id>-<date>.json"',
    schema: { type: 'string', example: `attachment; filename="marktplatz-organisation-${EX_ID.nonprofit}-2027-05-02.json"` },
  },
};
const STREAMED =
  'One JSON document, streamed: each section is read in batches from one consistent snapshot and written as it is read, so a large ' +
  'export needs no paging and no memory of its size on the server. A failure after the download began cuts the connection ' +
  '(a truncated file is never complete-looking). Users only; API keys cannot export.';

/**
 * Personal data (GDPR Art. 15, 17, 20): a user's and an organisation's data as JSON, and the
 * deletion of their accounts (confirmed with the password). See the README, "Personal data".
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller({ version: '1' })
export class PrivacyController {
  constructor(
    private readonly exports: ExportService,
    private readonly erasure: ErasureService,
  ) {}

  @Get('me/export')
  @ApiOperation({ summary: 'Everything about you: your account, organisation, notifications and what you wrote (JSON download)', description: STREAMED })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The export.', headers: DOWNLOAD, schema: exportSchema(USER_SECTIONS, 'user') })
  @ApiProblems('UNAUTHENTICATED', 'FORBIDDEN')
  async exportMe(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    usersOnly(actor);
    await this.exports.stream(res, { type: 'user', id: actor.userId }, USER_SECTIONS);
  }

  @Delete('me')
  @HttpCode(204)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Delete your account (confirm with your password)',
    description:
      'Your account, notifications and broker appointments are deleted; what you wrote stays with your organisation without your name, and ' +
      'an agreement naming you as contact person shows "Gelöschte Person". The API clients you made are revoked (their keys act in your name). ' +
      'The last member of an organisation deletes the organisation instead (409 LAST_MEMBER). Rate-limited like login.',
  })
  @ApiNoContentResponse({ description: 'Deleted; the token no longer works.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'REAUTHENTICATION_FAILED', 'LAST_MEMBER', 'RATE_LIMITED')
  async deleteMe(@CurrentActor() actor: Actor, @Body() dto: ConfirmDeletionDto): Promise<void> {
    await this.erasure.deleteUser(actor, dto.password);
  }

  @Get('organisations/:id/export')
  @ApiOperation({ summary: 'Everything of your organisation (JSON download); members only', description: STREAMED })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The export.', headers: DOWNLOAD, schema: exportSchema(ORGANISATION_SECTIONS, 'organisation') })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'ORGANISATION_NOT_FOUND')
  async exportOrganisation(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    usersOnly(actor);
    await this.erasure.assertExportable(actor, id);
    await this.exports.stream(res, { type: 'organisation', id }, ORGANISATION_SECTIONS);
  }

  @Delete('organisations/:id')
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Delete your organisation and its members\' accounts (confirm with your password); members and admins',
    description:
      'In one transaction: the members\' accounts, drafts and listings (with their matches, shortlist entries and public events), readiness checks, ' +
      'verifications, marketplace registrations and meeting wishes, API clients (keys stop working) and webhooks, notifications, and cooperations ' +
      'without a signed agreement. A cooperation with a signed agreement stays readable for the other party, the organisation shown as ' +
      '"Gelöschte Organisation" with its contact person anonymised; one still running is cancelled and the other party told.',
  })
  @ApiOkResponse({ type: OrganisationErasureDto, description: 'Deleted: what went, and what was kept for other parties.' })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'REAUTHENTICATION_FAILED', 'ORGANISATION_NOT_FOUND', 'RATE_LIMITED')
  deleteOrganisation(@Param('id', ParseIdPipe) id: string, @CurrentActor() actor: Actor, @Body() dto: ConfirmDeletionDto): Promise<OrganisationErasureDto> {
    return this.erasure.deleteOrganisation(actor, id, dto.password);
  }
}

function usersOnly(actor: Actor): void {
  if (actor.apiClient) throw new AppError('FORBIDDEN', 'Exports are for signed-in users, not API keys.');
}
