export {
  assignQueue,
  type IsoWeekday,
  nextSlots,
  type Slot,
  type SlotSchedule,
  shuffle,
  type Taken,
  validateSlotSchedule,
} from './queue-slots';
export { nextOccurrence, occurrences, type RecurrenceRule, validateRecurrence } from './recurrence';
export { RRule } from './rrule-line';
export { type LocalDateTime, type LocalInput, resolveLocal } from './wall-clock';
