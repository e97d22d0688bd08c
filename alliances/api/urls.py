"""Router of the alliances API; its ViewSets register here as the app fills up."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
urlpatterns = router.urls
