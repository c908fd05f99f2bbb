import { SCHEMA, isRepeatedPage, ListPager, listResponse, nextStartIndex, pageStateOf, PagingError, remainingStarts, type PageState } from '../../scim';

describe('listResponse', () => {
	it('builds an RFC 7644 §3.4.2 envelope', () => {
		expect(listResponse([{ id: 'a' }], 10, 1)).toEqual({ schemas: [SCHEMA.listResponse], totalResults: 10, startIndex: 1, itemsPerPage: 1, Resources: [{ id: 'a' }] });
		expect(listResponse([], 0, 1, 0).itemsPerPage).toBe(0);
	});
});

describe('nextStartIndex', () => {
	// [case, state, next]
	const cases: Array<[string, PageState, number | undefined]> = [
		['first of several pages', { startIndex: 1, pageLength: 100, totalResults: 250, receivedSoFar: 100 }, 101],
		['last page exactly reaches the total', { startIndex: 201, pageLength: 50, totalResults: 250, receivedSoFar: 250 }, undefined],
		['server ignored count=500 and sent 200', { startIndex: 1, pageLength: 200, totalResults: 450, receivedSoFar: 200, requestedCount: 500 }, 201],
		['empty page ends, whatever the total says', { startIndex: 201, pageLength: 0, totalResults: 1000, receivedSoFar: 200 }, undefined],
		['totalResults larger than reality: the empty page ends it', { startIndex: 101, pageLength: 0, totalResults: 500, receivedSoFar: 100 }, undefined],
		['totalResults smaller than one page', { startIndex: 1, pageLength: 5, totalResults: 3, receivedSoFar: 5 }, undefined],
		['totalResults counting only the page, full page', { startIndex: 1, pageLength: 100, totalResults: 100, receivedSoFar: 100, requestedCount: 100 }, 101],
		['totalResults counting only the page, short page', { startIndex: 101, pageLength: 40, totalResults: 40, receivedSoFar: 140, requestedCount: 100 }, undefined],
		['missing totalResults: keep going', { startIndex: 1, pageLength: 200, totalResults: Number.NaN, receivedSoFar: 200 }, 201],
		['missing totalResults, short page with known count', { startIndex: 201, pageLength: 3, totalResults: Number.NaN, receivedSoFar: 203, requestedCount: 200 }, undefined],
		['one result (Okta: count=1&startIndex=1)', { startIndex: 1, pageLength: 1, totalResults: 3, receivedSoFar: 1, requestedCount: 1 }, 2],
		['nonsense startIndex treated as 1', { startIndex: 0, pageLength: 10, totalResults: 20, receivedSoFar: 10 }, 11],
	];
	it.each(cases)('%s', (_name, state, next) => expect(nextStartIndex(state)).toBe(next));

	it('pageStateOf follows the page asked for, not the server echo', () => {
		const body = { totalResults: '450', startIndex: 1, itemsPerPage: 200, Resources: new Array(200).fill({}) };
		const state = pageStateOf(body, 201, 200, 200);
		expect(state).toMatchObject({ startIndex: 201, pageLength: 200, totalResults: 450, receivedSoFar: 400, requestedCount: 200 });
		expect(nextStartIndex(state)).toBe(401);
		expect(pageStateOf({}, 1, 0)).toMatchObject({ pageLength: 0, resources: [] });
	});

	it('walks a server that ignores count to the end, and never loops', () => {
		const all = Array.from({ length: 437 }, (_, i) => i);
		const serve = (startIndex: number) => ({ totalResults: all.length, Resources: all.slice(startIndex - 1, startIndex - 1 + 200) });
		const seen: number[] = [];
		let start: number | undefined = 1;
		let requests = 0;
		while (start !== undefined && requests++ < 100) {
			const state = pageStateOf(serve(start), start, seen.length, 1000);
			seen.push(...(state.resources as number[]));
			start = nextStartIndex(state);
		}
		expect(seen).toEqual(all);
		expect(requests).toBe(3);
	});
});

describe('ListPager: the one pager (transport, sync, CLI)', () => {
	const page = (ids: string[], total: unknown) => ({ totalResults: total, Resources: ids.map((id) => ({ id })) });

	it('asks for the page the last one proves, and ends on an empty page whatever totalResults says', () => {
		const pager = new ListPager<{ id: string }>(2);
		const asked: Array<[number, number]> = [];
		const serve = (start: number) => page(start <= 4 ? [`u${start}`, `u${start + 1}`] : [], 1_000_000);
		const seen: string[] = [];
		while (!pager.done) {
			asked.push([pager.startIndex, pager.count]);
			seen.push(...pager.take(serve(pager.startIndex)).map((u) => u.id));
		}
		expect(seen).toEqual(['u1', 'u2', 'u3', 'u4']);
		expect(asked).toEqual([[1, 2], [3, 2], [5, 2]]);
	});

	it('a page served again (startIndex ignored) and a list that is no ListResponse are errors, not an end', () => {
		const loop = new ListPager(2);
		loop.take(page(['a', 'b'], 5000));
		expect(() => loop.take(page(['a', 'b'], 5000))).toThrow(new PagingError('samePage', 'the server returned the same page again at startIndex 3'));
		expect(() => new ListPager(2).take({ totalResults: 1, Resources: { id: 'a' } })).toThrow(
			new PagingError('malformed', 'the list answer at startIndex 1 says totalResults 1 but its Resources is not a list'),
		);
		expect(() => new ListPager(2).take({ totalResults: 3 })).toThrow(/Resources is missing/);
	});

	it('stops at the limit, asking only for what is left of it', () => {
		const pager = new ListPager<{ id: string }>(200, 3);
		expect(pager.count).toBe(3);
		expect(pager.take(page(['a', 'b', 'c', 'd'], 10)).map((u) => u.id)).toEqual(['a', 'b', 'c']);
		expect(pager.done).toBe(true);
	});

	it('remainingStarts follows the page size the server served, not the count asked for', () => {
		expect(remainingStarts(200, 450)).toEqual([201, 401]);
		expect(remainingStarts(200, 200)).toEqual([]);
		expect(remainingStarts(0, 450)).toEqual([]);
		expect(isRepeatedPage(new Set(['a']), [{ id: 'a' }])).toBe(true);
	});
});
