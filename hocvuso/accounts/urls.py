"""Addresses of accounts."""

from django.urls import path

from hocvuso.accounts.views import auth, helpers, me, staff, twostep

app_name = "accounts"
urlpatterns = [
    path("sign-up/", auth.sign_up, name="sign-up"),
    path("verify/", auth.verify, name="verify"),
    path("verify/resend/", auth.resend, name="resend"),
    path("guardian/", auth.guardian, name="guardian"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("reset/", auth.reset, name="reset"),
    path("reset/confirm/", auth.reset_confirm, name="reset-confirm"),
    path("claim/", auth.claim, name="claim"),
    path("profile/", me.profile, name="profile"),
    path("password/", me.change_password, name="password"),
    path("consent/", me.consent, name="consent"),
    path("consent/withdraw/", me.withdraw_consent, name="consent-withdraw"),
    path("consent/again/", me.consent_again, name="consent-again"),
    path("delete/", me.delete_account, name="delete"),
    path("two-step/", twostep.second_step, name="two-step"),
    path("two-step/setup/", twostep.setup, name="two-step-setup"),
    path("assisted/", helpers.assisted_list, name="assisted"),
    path("assisted/new/", helpers.assisted_new, name="assisted-new"),
    path("assisted/stop/", helpers.stop_assisting, name="assisted-stop"),
    path("assisted/<int:pk>/", helpers.assisted_detail, name="assisted-detail"),
    path("assisted/<int:pk>/start/", helpers.start_assisting, name="assisted-start"),
    path("assisted/<int:pk>/claim-code/", helpers.claim_code, name="claim-code"),
    path("people/<int:pk>/reset-code/", helpers.reset_code, name="reset-code"),
    path("people/", staff.people, name="people"),
    path("people/<int:pk>/", staff.person, name="person"),
    path("roles/", staff.roles, name="roles"),
    path("roles/<int:pk>/revoke/", staff.revoke_role, name="revoke-role"),
    path("places/<slug:code>/subunits/", staff.subunits, name="subunits"),
    path("audit/", staff.audit_log, name="audit"),
]
