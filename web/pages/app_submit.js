export const submitSections = [];
