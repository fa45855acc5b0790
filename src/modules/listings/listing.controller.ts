import { Body, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ErrorCode } from '../../common/errors/error-codes';
import { ApiProblems } from '../../common/errors/problem.dto';
import { setEtag } from '../../common/http/etag';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { createValidationPipe } from '../../common/http/validation';
import type { Actor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/decorators';
import { ListingQueryDto } from './dto/listing-query.dto';
import type { ListingDto } from './dto/listing.dto';
import type { ListingInputDto } from './dto/listing-input.dto';
import type { ListingRow, ListingsService } from './listings.service';
import { ParseActionPipe } from './parse-action.pipe';

export interface ListingRoutes<A extends string> {
  /** Singular noun for texts: "need" or "offer". */
  noun: string;
  /** German name for texts: "Bedarfe" or "Angebote". */
  germanPlural: string;
  ownerKind: 'nonprofit' | 'company';
  notFound: ErrorCode;
  actions: readonly A[];
  /** The status path, for the action endpoint's description. */
  lifecycle: string;
  editableStatuses: string;
  createDto: Type<ListingInputDto>;
  /** The whole response to POST as the example shows it: the item as created (a draft). */
  createdExample: object;
  updateDto: Type<Partial<ListingInputDto>>;
  itemDto: Type<ListingDto>;
  pageDto: Type<{ items: ListingDto[]; nextCursor: string | null }>;
}

const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a previous read; 412 when stale.' };

/**
 * The routes needs and offers share, documented with each one's own DTOs. The generic body
 * types are erased at run time (declared `object`, which the global pipe passes through), so
 * each body gets a validation pipe that names its class.
 */
export function ListingController<E extends ListingRow<string>, A extends string, D extends ListingDto>(r: ListingRoutes<A>) {
  const article = /^[aeiou]/.test(r.noun) ? 'an' : 'a';
  const createBody = Body(createValidationPipe(r.createDto));
  const updateBody = Body(createValidationPipe(r.updateDto));

  abstract class Routes {
    protected abstract readonly service: ListingsService<E, string, A, ListingInputDto, D>;

    @Get()
    @Public()
    @ApiOperation({
      summary: `Browse and search ${r.noun}s (${r.germanPlural})`,
      description: `Published ${r.noun}s for everybody; with organisationId, members also see their drafts.`,
    })
    @ApiOkResponse({ type: r.pageDto })
    @ApiProblems('VALIDATION_FAILED', 'INVALID_CURSOR', 'DISTRICT_NOT_FOUND')
    async list(@Query() query: ListingQueryDto, @CurrentActor() actor?: Actor) {
      const page = await this.service.list(actor, query);
      return { items: page.items.map((i) => this.service.toDto(i.row, i.distanceKm)), nextCursor: page.nextCursor };
    }

    @Get(':id')
    @Public()
    @ApiOperation({ summary: `One ${r.noun} (drafts only for the owner)` })
    @ApiOkResponse({ type: r.itemDto })
    @ApiProblems('VALIDATION_FAILED', r.notFound)
    async get(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response, @CurrentActor() actor?: Actor): Promise<D> {
      return this.respond(res, await this.service.get(actor, id));
    }

    @Post()
    @ApiBearerAuth()
    @ApiBody({ type: r.createDto })
    @ApiOperation({ summary: `Create ${article} ${r.noun} as a draft (${r.ownerKind} members)` })
    @ApiCreatedResponse({
      type: r.itemDto,
      example: r.createdExample,
      headers: {
        Location: { description: `The new ${r.noun}: /v1/${r.noun}s/{id}`, schema: { type: 'string', example: `/v1/${r.noun}s/${(r.createdExample as { id: string }).id}` } },
        ETag: { description: 'Its version, for If-Match', schema: { type: 'string', example: '"1"' } },
      },
    })
    @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'WRONG_ORGANISATION_KIND', 'MONEY_NOT_ALLOWED')
    async create(@createBody dto: object, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<D> {
      const row = await this.service.create(actor, dto as ListingInputDto);
      res.setHeader('Location', `/v1/${r.noun}s/${row.id}`);
      return this.respond(res, row);
    }

    @Patch(':id')
    @ApiBearerAuth()
    @ApiHeader(IF_MATCH)
    @ApiBody({ type: r.updateDto })
    @ApiOperation({ summary: `Change a ${r.editableStatuses} ${r.noun} (owner); a published change is matched again` })
    @ApiOkResponse({ type: r.itemDto })
    @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', r.notFound, 'NOT_EDITABLE', 'PRECONDITION_FAILED', 'MONEY_NOT_ALLOWED')
    async update(
      @Param('id', ParseIdPipe) id: string,
      @updateBody dto: object,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentActor() actor: Actor,
      @Res({ passthrough: true }) res: Response,
    ): Promise<D> {
      return this.respond(res, await this.service.update(actor, id, dto as Partial<ListingInputDto>, ifMatch));
    }

    @Post(':id/:action')
    @HttpCode(200)
    @ApiBearerAuth()
    @ApiHeader(IF_MATCH)
    @ApiParam({ name: 'action', enum: r.actions, description: r.actions.join(', ') })
    @ApiOperation({ summary: `Move ${article} ${r.noun} through its states (owner)`, description: `${r.lifecycle} 409 lists the allowed actions.` })
    @ApiOkResponse({ type: r.itemDto })
    @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', r.notFound, 'INVALID_TRANSITION', 'PRECONDITION_FAILED')
    async act(
      @Param('id', ParseIdPipe) id: string,
      @Param('action', new ParseActionPipe(r.actions)) action: A,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentActor() actor: Actor,
      @Res({ passthrough: true }) res: Response,
    ): Promise<D> {
      return this.respond(res, await this.service.act(actor, id, action, ifMatch));
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiBearerAuth()
    @ApiHeader(IF_MATCH)
    @ApiOperation({ summary: `Delete a draft ${r.noun} (owner); published ${r.noun}s are withdrawn instead` })
    @ApiNoContentResponse()
    @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', r.notFound, 'NOT_EDITABLE', 'PRECONDITION_FAILED')
    async remove(@Param('id', ParseIdPipe) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentActor() actor: Actor): Promise<void> {
      await this.service.remove(actor, id, ifMatch);
    }

    private respond(res: Response, row: E): D {
      setEtag(res, row.version);
      return this.service.toDto(row);
    }
  }
  return Routes;
}
