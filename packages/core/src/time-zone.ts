import { IANAZone } from 'luxon';

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);
