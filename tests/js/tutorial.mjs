// The four snippets of the Requests PUT tutorial, written as a user of the built package
// would write them. Each takes `put` and the server's base URL and returns plain data,
// so the same code runs in Node and, as source text, in a browser page.

export const snippets = {
  // requests.put(url, data='...'): a plain PUT creates, a second one replaces.
  async plainPut(put, server) {
    const url = server + '/resources/pkg-plain-' + Math.random().toString(36).slice(2);
    const first = await put(url, null, 'hello');
    const second = await put(url, null, 'hello again');
    return {
      first: first.status,
      second: second.status,
      location: first.headers.location,
      path: new URL(url).pathname,
      stored: second.json().data,
    };
  },

  // requests.put(url, headers={...}, data=json.dumps(...))
  async customHeaders(put, server) {
    const res = await put(
      server + '/echo',
      { 'Content-Type': 'application/json', 'X-Request-Id': 'abc-123' },
      JSON.stringify({ name: 'John Doe' }),
    );
    const echo = res.json();
    return { contentType: echo.headers['content-type'], id: echo.headers['x-request-id'], body: echo.body };
  },

  // requests.put(url, data={'key1': 'value1', 'key2': ['a', 'b']})
  async formDict(put, server) {
    const res = await put(server + '/echo', null, { key1: 'value1', key2: ['a', 'b'] });
    const echo = res.json();
    return { contentType: echo.headers['content-type'], body: echo.body };
  },

  // print(r.status_code, r.content, r.text, r.json())
  async statusAndContent(put, server) {
    const url = server + '/resources/pkg-read-' + Math.random().toString(36).slice(2);
    const res = await put(url, { 'Content-Type': 'application/json' }, '{"name":"John Doe"}');
    return {
      status: res.status,
      ok: res.ok,
      isBytes: res.content instanceof Uint8Array,
      sameText: new TextDecoder().decode(res.content) === res.text,
      name: res.json().json.name,
      elapsedIsNumber: typeof res.elapsed === 'number' && res.elapsed >= 0,
    };
  },
};

// What each snippet must give, in every runtime.
export const expected = {
  plainPut: (r) => ({ first: 201, second: 200, location: r.path, path: r.path, stored: 'hello again' }),
  customHeaders: () => ({ contentType: 'application/json', id: 'abc-123', body: '{"name":"John Doe"}' }),
  formDict: () => ({ contentType: 'application/x-www-form-urlencoded', body: 'key1=value1&key2=a&key2=b' }),
  statusAndContent: () => ({ status: 201, ok: true, isBytes: true, sameText: true, name: 'John Doe', elapsedIsNumber: true }),
};

export { server } from '../browser.mjs';
