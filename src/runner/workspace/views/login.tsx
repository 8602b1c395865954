import { Layout } from './layout.js';

export function LoginPage(props: { csrf: string; error?: string; configured: boolean; name?: string }) {
  return (
    <Layout title="Sign in">
      <section class="login">
        <h1>Organizers’ workspace</h1>
        {props.configured ? null : (
          <p class="error" role="alert">
            No organizer key is set up yet: set DASHBOARD_TOKEN, or add an organizer with{' '}
            <code>voices organizer add NAME</code>.
          </p>
        )}
        {props.error ? (
          <p class="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/organizers/login">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <p>
            <label for="name">Organizer name</label>
            <br />
            <input id="name" name="name" type="text" autocomplete="username" value={props.name ?? ''} />
            <br />
            <span class="note">Leave empty when you sign in with the organization’s key.</span>
          </p>
          <p>
            <label for="token">Organizer key</label>
            <br />
            <input id="token" name="token" type="password" autocomplete="current-password" required />
          </p>
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function MessagePage(props: {
  title: string;
  message: string;
  status: number;
  actor?: string;
  csrf?: string;
}) {
  return (
    <Layout title={props.title} {...(props.actor ? { actor: props.actor, csrf: props.csrf ?? '' } : {})}>
      <h1>{props.title}</h1>
      <p class={props.status >= 400 ? 'error' : 'ok'} role={props.status >= 400 ? 'alert' : 'status'}>
        {props.message}
      </p>
      <p>
        <a href="/organizers/">Back to the workspace</a>
      </p>
    </Layout>
  );
}
