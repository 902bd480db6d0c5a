// "/": your role's page when signed in, else 随手拍.
"use strict";
location.replace(GH.session.access && GH.session.account ? GH.home(GH.session.account.role) : "/report");
