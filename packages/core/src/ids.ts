import { v7 } from 'uuid';

/** Random, time-ordered ids: they leak no counts and sort by creation, which cursors rely on. */
export const newId = (): string => v7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isId = (value: string): boolean => UUID.test(value);
