/** The server refuses shorter passwords; checking here first saves a round trip. */
export const MIN_PASSWORD_LENGTH = 10;
