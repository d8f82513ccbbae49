export const mediaSection = { id: 'media', title: 'media', render(box) { box.append('Soon.'); } };
