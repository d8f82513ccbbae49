export const scopesSection = { id: 'scopes', title: 'scopes', render(box) { box.append('Soon.'); } };
