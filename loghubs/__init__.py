"""LogHubs: booking of services at military logistics hubs through national Access Points, coordinated by the JCC."""
