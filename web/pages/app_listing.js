export const listingSections = [];
