// The analyst's judgement (inauthentic or not), kept visually apart from the detector's finding.
import type { Review, ReviewState, StoredCluster } from '../store/types.js';
import { api, ApiError } from './api.js';
import type { ViewContext } from './context.js';
import { h } from './dom.js';
import { fmtTime, REVIEW_LABELS } from './format.js';

export function reviewBadge(review: Review | undefined): HTMLElement {
  const state = review?.state ?? 'unreviewed';
  return h('span', { class: `review-badge review-${state}`, 'data-review': state }, REVIEW_LABELS[state] ?? state);
}

export function reviewLine(review: Review | undefined): HTMLElement {
  if (!review) return h('span', { class: 'muted' }, 'Not reviewed yet');
  return h('span', null, reviewBadge(review), ' ', h('span', { class: 'muted' }, `by ${review.by}, ${fmtTime(review.at)}`));
}

const STATES: ReviewState[] = ['confirmed', 'dismissed', 'needs-more-evidence'];

export function reviewPanel(cluster: StoredCluster, ctx: ViewContext, onSaved: (c: StoredCluster) => void): HTMLElement {
  const current = h('p', { class: 'review-current', 'data-testid': 'review-current' }, reviewLine(cluster.review));
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const note = h('textarea', { id: 'review-note', rows: 3, maxlength: 2000, placeholder: 'Why? What did you check?' });
  note.value = cluster.review?.note ?? '';
  const radios = STATES.map((s) =>
    h('label', { class: 'radio' },
      h('input', { type: 'radio', name: 'review-state', value: s, checked: cluster.review?.state === s, required: true }),
      ` ${REVIEW_LABELS[s]}`),
  );
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save review');
  const form = h('form', { class: 'review-form', 'aria-label': 'Analyst review' },
    h('fieldset', null, h('legend', null, 'Judgement'), radios),
    h('label', { for: 'review-note' }, 'Note'),
    note,
    h('div', { class: 'row' }, save, status),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const state = (form.querySelector('input[name="review-state"]:checked') as HTMLInputElement | null)?.value as ReviewState | undefined;
    if (!state) { status.textContent = 'Choose a judgement first.'; return; }
    save.disabled = true;
    status.textContent = 'Saving…';
    api.review(cluster.id, state, note.value.trim() || undefined).then(
      (updated) => {
        status.textContent = 'Saved.';
        current.replaceChildren(reviewLine(updated.review));
        onSaved(updated);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 403) status.textContent = 'This key is read-only: recording a review needs a key with the write role.';
        else if (err instanceof ApiError && err.status === 401) ctx.fail(status, err);
        else status.textContent = `Could not save: ${err instanceof Error ? err.message : String(err)}`;
      },
    ).finally(() => { save.disabled = false; });
  });
  return h('section', { class: 'card judgement', 'aria-labelledby': 'judgement-h' },
    h('h2', { id: 'judgement-h' }, 'Analyst judgement ', h('span', { class: 'muted small' }, '— is it inauthentic?')),
    current,
    form,
  );
}
