from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck.login import LoginView

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),  # throttled (factcheck/login_throttle.py)
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The admin's own log-in form would bypass the throttle: serve ours there too.
    path("admin/login/", LoginView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("healthz", include("factcheck.health")),  # liveness probe: no login, no database
    path("", include("claims.urls")),
]
