// POST /api/contracts/intake: a rep uploads a customer's contract (DOCX or PDF, multipart field
// `file`) and gets the draft the web form opens with. Stores nothing. The path cannot clash with
// the contracts controller's routes (no POST /api/contracts/:id there).
import { Controller, HttpCode, Post, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '../../directory/auth';
import { INTAKE_MAX_BYTES, IntakeResultView } from './intake.dto';
import { IntakeService, type UploadedDocument } from './intake.service';
import { UploadErrorsFilter } from './upload-errors.filter';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('api/contracts')
export class IntakeController {
  constructor(private readonly intakes: IntakeService) {}

  @Post('intake')
  @HttpCode(201)
  @UseFilters(UploadErrorsFilter)
  // Memory storage (multer's default): the file is read and dropped, never written to disk.
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: INTAKE_MAX_BYTES, files: 1, fields: 5, parts: 6 } }))
  @ApiOperation({ summary: "Read a customer's contract (reps): DOCX or PDF in, the draft of a submission with a confidence per field and warnings out; stores nothing" })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: `A .docx or .pdf contract, at most ${INTAKE_MAX_BYTES / 1024 / 1024} MB; the type is decided by content` } },
    },
  })
  @ApiCreatedResponse({ type: IntakeResultView, description: 'The draft; nothing was created' })
  @ApiResponse({ status: 400, description: 'No file in the multipart field "file"' })
  @ApiResponse({ status: 413, description: 'The file is larger than the limit' })
  @ApiResponse({ status: 415, description: 'Neither a DOCX nor a PDF by content' })
  @ApiResponse({ status: 422, description: 'A DOCX or PDF that cannot be read (damaged, password-protected, no text)' })
  intake(@CurrentUser() user: AuthUser, @UploadedFile() file: UploadedDocument | undefined): Promise<IntakeResultView> {
    return this.intakes.intake(user, file);
  }
}
