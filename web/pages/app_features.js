export const featuresSection = { id: 'features', title: 'features', render(box) { box.append('Soon.'); } };
