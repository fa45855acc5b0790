import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiCreatedResponse, ApiNoContentResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { setEtag } from '../../common/http/etag';
import { Public, Roles } from '../auth/decorators';
import { DistrictsService, toDistrictDto } from './districts.service';
import { CreateDistrictDto, DistrictDto, DistrictListDto, UpdateDistrictDto } from './dto/district.dto';

@ApiTags('districts')
@Controller({ path: 'districts', version: '1' })
export class DistrictsController {
  constructor(private readonly districts: DistrictsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The district tree: city → borough (Stadtbezirk) → quarter (Stadtteil / Quartier)' })
  @ApiOkResponse({ type: DistrictListDto })
  async list(): Promise<DistrictListDto> {
    return { items: await this.districts.tree() };
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One district' })
  @ApiOkResponse({ type: DistrictDto })
  @ApiProblems('VALIDATION_FAILED', 'DISTRICT_NOT_FOUND')
  async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<DistrictDto> {
    const district = await this.districts.get(id);
    setEtag(res, district.version);
    return toDistrictDto(district);
  }

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a district (admins)' })
  @ApiCreatedResponse({ type: DistrictDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'SLUG_TAKEN')
  async create(@Body() dto: CreateDistrictDto): Promise<DistrictDto> {
    return toDistrictDto(await this.districts.create(dto));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' })
  @ApiOperation({ summary: 'Rename a district or move its centroid (admins)' })
  @ApiOkResponse({ type: DistrictDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND', 'SLUG_TAKEN', 'PRECONDITION_FAILED')
  async update(
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateDistrictDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DistrictDto> {
    const district = await this.districts.update(id, dto, ifMatch);
    setEtag(res, district.version);
    return toDistrictDto(district);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete an unused district (admins)' })
  @ApiNoContentResponse()
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'DISTRICT_NOT_FOUND', 'DISTRICT_IN_USE')
  async remove(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.districts.remove(id);
  }
}
