import { ApiProperty } from '@nestjs/swagger';

export class BrokerAppointerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

/** A broker (Makler) of a marketplace, as its organisers see them. */
export class BrokerDto {
  @ApiProperty({ format: 'uuid' }) marketplaceId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The broker's organisation, if any (a broker need not belong to one)." })
  organisationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: BrokerAppointerDto, nullable: true, description: 'Who appointed the broker (null when that user was deleted).' })
  appointedBy: BrokerAppointerDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) appointedAt: Date;
}

export class BrokerListDto {
  @ApiProperty({ type: [BrokerDto], description: 'In the order they were appointed.' }) items: BrokerDto[];
}
