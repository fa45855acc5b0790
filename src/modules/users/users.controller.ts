import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/errors/problem.dto';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';
import { Roles } from '../auth/decorators';
import { OrganiserDistrictsDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Put(':id/organiser-districts')
  @Roles('admin')
  @ApiOperation({ summary: 'Make a user organiser of districts (admins); an empty list removes the role' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems('VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'USER_NOT_FOUND')
  async setOrganiserDistricts(@Param('id', ParseIdPipe) id: string, @Body() dto: OrganiserDistrictsDto): Promise<UserDto> {
    const user = await this.users.setOrganiserDistricts(id, dto.districtIds);
    return this.users.toDto(user, user.organisation?.kind ?? null);
  }
}
