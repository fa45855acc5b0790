import type { Response } from 'express';
import { AppError } from '../errors/error-codes';

export const etagOf = (version: number) => `"${version}"`;

export function setEtag(res: Response, version: number): void {
  res.setHeader('ETag', etagOf(version));
}

/**
 * Optimistic concurrency: when the client sends If-Match, it must name the current version
 * (the ETag it read); otherwise the write is refused with 412 and nothing changes.
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(currentVersion))) {
    throw new AppError('PRECONDITION_FAILED', `The record has changed since you read it (current ETag ${etagOf(currentVersion)}). Read it again and retry.`, {
      currentVersion,
    });
  }
}
