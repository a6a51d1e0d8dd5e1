// Document intake for reps: reads the uploaded contract against the clause library in force and
// answers the draft; creates nothing (the rep confirms by submitting the form as usual).
import { Injectable } from '@nestjs/common';
import { AppError, EdgeErrorCode } from '../../common/app-error';
import { validationFailed } from '../../common/validation';
import { type AuthUser, isRep } from '../../directory/auth';
import { DomainErrorCode } from '../../domain/errors';
import { ReferenceRepository } from '../../reference/reference.repository';
import { IntakeDocumentError, readContractDocument } from './read-contract-document';
import type { IntakeResult } from './intake.types';

export interface UploadedDocument {
  buffer: Buffer;
  originalname?: string;
  mimetype?: string;
}

@Injectable()
export class IntakeService {
  constructor(private readonly reference: ReferenceRepository) {}

  async intake(user: AuthUser, file: UploadedDocument | undefined): Promise<IntakeResult> {
    if (!isRep(user)) throw new AppError(DomainErrorCode.FORBIDDEN, 'Only reps read contracts from documents');
    if (!file || !file.buffer?.length) {
      throw validationFailed([{ field: 'file', rule: 'required', message: 'file is required: a .docx or .pdf contract in the multipart field "file"' }]);
    }
    // The library in force (the clause keys and standard texts the rules compare with); the demo one when none is seeded.
    const clauseLibrary = (await this.reference.clauseLibrary()) ?? undefined;
    try {
      return await readContractDocument(file.buffer, { filename: file.originalname, mimeType: file.mimetype, clauseLibrary });
    } catch (err) {
      if (!(err instanceof IntakeDocumentError)) throw err;
      const name = file.originalname ? ` (${file.originalname})` : '';
      if (err.reason === 'unsupported_type') {
        throw new AppError(EdgeErrorCode.UNSUPPORTED_MEDIA_TYPE, `${err.message}${name}`, { accepted: ['.docx', '.pdf'] }, [
          { field: 'file', rule: 'type', message: 'file must be a Word document (.docx) or a PDF, by content; its name does not count' },
        ]);
      }
      throw new AppError(EdgeErrorCode.DOCUMENT_UNREADABLE, `${err.message}${name}`, undefined, [{ field: 'file', rule: 'readable', message: `file cannot be read: ${err.message}` }]);
    }
  }
}
