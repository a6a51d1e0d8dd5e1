// The caller's own profile, out-of-office period and language, and the directory approvers
// delegate within. Maps HTTP to UsersService; no rule and no SQL here.
import { Body, Controller, Get, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from './auth';
import { MeView, OutOfOfficeDto, UpdateMeDto, UsersQuery, UserView } from './users.dto';
import { UsersService } from './users.service';

// Tests of the input rules import the DTO from here, where it used to live.
export { OutOfOfficeDto } from './users.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'The directory, by username; ?ids= looks people up by id, ?role= narrows to a role' })
  @ApiOkResponse({ type: [UserView] })
  list(@Query() q: UsersQuery): Promise<UserView[]> {
    return this.users.list(q);
  }

  @Get('me')
  @ApiOkResponse({ type: MeView })
  me(@CurrentUser() user: AuthUser): Promise<MeView> {
    return this.users.me(user);
  }

  @Patch('me')
  @ApiOperation({ summary: "Change the caller's own language (zh-CN, en, or null for the organisation's default)" })
  @ApiOkResponse({ type: MeView })
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<MeView> {
    return this.users.setLocale(user, dto.locale);
  }

  @Put('me/out-of-office')
  @ApiOkResponse({ type: MeView })
  outOfOffice(@CurrentUser() user: AuthUser, @Body() dto: OutOfOfficeDto): Promise<MeView> {
    return this.users.setOutOfOffice(user, dto);
  }
}
