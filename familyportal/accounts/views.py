from django.contrib.auth import views as auth_views

from familyportal.core.views import PermissionMixin


class PortalLoginView(PermissionMixin, auth_views.LoginView):
    permission_required = "accounts.login"
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PortalLogoutView(PermissionMixin, auth_views.LogoutView):
    permission_required = "accounts.logout"
    # Django's LogoutView accepts POST only (a link could be used for CSRF log-outs).
