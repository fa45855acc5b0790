import { ApiProperty, type ApiResponseSchemaHost } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from '../export.service';
import type { ExportSection } from '../export-sections';
import { EX_ID } from '../../../common/examples';

/** Deleting an account is confirmed with the caller's password (a stolen token alone deletes nothing). */
export class ConfirmDeletionDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Umzug-im-Maerz-2027', description: 'Your password: deleting cannot be undone.' })
  @IsString() @Length(1, 200)
  password: string;
}

export class OrganisationErasureDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.company }) organisationId: string;
  @ApiProperty({
    description:
      'true: cooperations with a signed agreement keep the organisation as "Gelöschte Organisation" (nothing else about it) for the other party; false: nothing of it is left.',
    example: true,
  })
  tombstone: boolean;
  @ApiProperty({ description: 'Member accounts deleted.', example: 1 }) members: number;
  @ApiProperty({ description: 'Needs deleted (those a kept cooperation names stay, withdrawn and without description).', example: 0 }) needs: number;
  @ApiProperty({ description: 'Offers deleted (likewise).', example: 2 }) offers: number;
  @ApiProperty({ description: 'Cooperations without a signed agreement, deleted.', example: 1 }) cooperationsDeleted: number;
  @ApiProperty({ description: 'Cooperations with a signed agreement, kept for the other party.', example: 2 }) cooperationsKept: number;
  @ApiProperty({ description: 'Of those, the ones still running, now cancelled (the other party is told).', example: 1 }) cooperationsCancelled: number;
  @ApiProperty({ description: 'Agreement versions whose contact person was anonymised.', example: 3 }) agreementsAnonymised: number;
  @ApiProperty({ description: 'API clients deleted (their keys stop working at once).', example: 1 }) apiClients: number;
  @ApiProperty({ description: 'Webhook subscriptions deleted.', example: 0 }) webhooks: number;
}

/** The OpenAPI schema of an export document, section by section, from the definitions the export is written from. */
export function exportSchema(sections: readonly ExportSection[], subject: 'organisation' | 'user'): ApiResponseSchemaHost['schema'] {
  const subjectId = subject === 'user' ? EX_ID.nonprofitUser : EX_ID.nonprofit;
  return {
    type: 'object',
    required: ['format', 'formatVersion', 'exportedAt', 'subject', 'sections'],
    example: {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt: '2027-05-02T09:00:00.000Z',
      subject: { type: subject, id: subjectId },
      sections: Object.fromEntries(sections.map((s, i) => [s.name, i === 0 ? [{ id: subjectId }] : []])),
    },
    properties: {
      format: { type: 'string', enum: [EXPORT_FORMAT] },
      formatVersion: { type: 'integer', enum: [EXPORT_FORMAT_VERSION] },
      exportedAt: { type: 'string', format: 'date-time', description: 'The moment of the snapshot every section was read from.' },
      subject: {
        type: 'object',
        required: ['type', 'id'],
        properties: { type: { type: 'string', enum: [subject] }, id: { type: 'string', format: 'uuid' } },
      },
      sections: {
        type: 'object',
        required: sections.map((s) => s.name),
        properties: Object.fromEntries(
          sections.map((s) => [
            s.name,
            {
              type: 'array',
              description: `${s.description} Each item is a stored row, keys in camelCase.`,
              items: { type: 'object', additionalProperties: true },
            },
          ]),
        ),
      },
    },
  };
}
