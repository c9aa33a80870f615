import { Suspense, useEffect, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { ErrorBoundary } from './ErrorBoundary';
import { logout } from '../session/session';
import { useSession } from '../session/useSession';

/**
 * Skip link, header with navigation and the language switcher, `<main>`, footer. On every route
 * change the focus moves to the new page's heading (or `<main>`), as a page load would.
 */
export function Layout() {
  const { user } = useSession();
  const intl = useIntl();
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After the lazy page has rendered its heading.
    const t = window.setTimeout(() => {
      const h1 = main.current?.querySelector('h1');
      const target = (h1 as HTMLElement | null) ?? main.current;
      if (target) {
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target.focus();
      }
    }, 50);
    return () => window.clearTimeout(t);
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        <FormattedMessage id="app.skipToContent" />
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-header__brand">
            <FormattedMessage id="app.name" />
          </Link>
          <LanguageSwitcher />
        </div>
        <nav className="site-nav" aria-label={intl.formatMessage({ id: 'nav.label' })}>
          <ul className="site-nav__list">
            <li>
              <NavLink to="/" end>
                <FormattedMessage id="nav.calls" />
              </NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink to="/applications" end>
                    <FormattedMessage id="nav.myApplications" />
                  </NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      void logout().then(() => navigate('/'));
                    }}
                  >
                    <FormattedMessage id="nav.logout" />
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/login">
                    <FormattedMessage id="nav.login" />
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/register">
                    <FormattedMessage id="nav.register" />
                  </NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense
            fallback={
              <p className="loading">
                <FormattedMessage id="app.loading" />
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="site-footer">
        <p>
          <FormattedMessage id="footer.text" />
        </p>
      </footer>
    </>
  );
}
