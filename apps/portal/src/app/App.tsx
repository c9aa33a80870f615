import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';

// Each page is its own chunk: a visitor downloads only the pages they open.
const CataloguePage = lazy(() => import('../pages/CataloguePage'));
const CallPage = lazy(() => import('../pages/CallPage'));
const RegisterPage = lazy(() => import('../pages/RegisterPage'));
const LoginPage = lazy(() => import('../pages/LoginPage'));
const ForgotPasswordPage = lazy(() => import('../pages/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../pages/ResetPasswordPage'));
const ApplyPage = lazy(() => import('../pages/ApplyPage'));
const DraftPage = lazy(() => import('../pages/DraftPage'));
const ReceiptPage = lazy(() => import('../pages/ReceiptPage'));
const TimelinePage = lazy(() => import('../pages/TimelinePage'));
const MyApplicationsPage = lazy(() => import('../pages/MyApplicationsPage'));
const MyGrantsPage = lazy(() => import('../pages/MyGrantsPage'));
const BankDetailsPage = lazy(() => import('../pages/BankDetailsPage'));
const GrantReportsPage = lazy(() => import('../pages/GrantReportsPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

const authed = (el: React.ReactNode) => <RequireAuth>{el}</RequireAuth>;

/** The routes; those the e-mails link to are marked. */
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<CataloguePage />} />
          <Route path="calls/:callId" element={<CallPage />} />
          <Route path="calls/:callId/apply" element={authed(<ApplyPage />)} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          {/* e-mail: password reset */}
          <Route path="reset-password" element={<ResetPasswordPage />} />
          <Route path="applications" element={authed(<MyApplicationsPage />)} />
          {/* e-mail: receipt, eligibility, results */}
          <Route path="applications/:applicationId" element={authed(<TimelinePage />)} />
          <Route path="applications/:applicationId/edit" element={authed(<DraftPage />)} />
          <Route path="applications/:applicationId/receipt" element={authed(<ReceiptPage />)} />
          <Route path="grants" element={authed(<MyGrantsPage />)} />
          {/* e-mail: award, payments, returned report */}
          <Route path="grants/:grantId/bank-details" element={authed(<BankDetailsPage />)} />
          <Route path="grants/:grantId/reports" element={authed(<GrantReportsPage />)} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
