package sandbox

// DescribeSslVpnServers and DescribeSslVpnClients: the SSL-VPN side of a gateway, which an IPsec server shares
// two things with: its client pool must not overlap the SSL-VPN server's (VpnRouteEntry.Conflict), and its
// clients count against the same SslMaxConnections. DescribeSslVpnClients lists SSL-VPN clients only (by
// certificate common name); IPsec clients are what ListIpsecServers' OnlineClientCount counts.

type sslVpnServerJSON struct {
	SslVpnServerId        string `json:"SslVpnServerId"`
	Name                  string `json:"Name"`
	VpnGatewayId          string `json:"VpnGatewayId"`
	RegionId              string `json:"RegionId"`
	ResourceGroupId       string `json:"ResourceGroupId"`
	InternetIp            string `json:"InternetIp"`
	LocalSubnet           string `json:"LocalSubnet"`
	ClientIpPool          string `json:"ClientIpPool"`
	Proto                 string `json:"Proto"`
	Port                  int    `json:"Port"`
	Cipher                string `json:"Cipher"`
	Compress              bool   `json:"Compress"`
	Connections           int    `json:"Connections"`
	MaxConnections        int    `json:"MaxConnections"`
	CreateTime            int64  `json:"CreateTime"`
	EnableMultiFactorAuth bool   `json:"EnableMultiFactorAuth"`
	IDaaSInstanceId       string `json:"IDaaSInstanceId"`
	IDaaSRegionId         string `json:"IDaaSRegionId"`
	IDaaSApplicationId    string `json:"IDaaSApplicationId"`
	IDaaSInstanceVersion  string `json:"IDaaSInstanceVersion"`
}

type describeSslVpnServersResponse struct {
	RequestId     string `json:"RequestId"`
	TotalCount    int    `json:"TotalCount"`
	PageNumber    int    `json:"PageNumber"`
	PageSize      int    `json:"PageSize"`
	SslVpnServers struct {
		SslVpnServer []sslVpnServerJSON `json:"SslVpnServer"`
	} `json:"SslVpnServers"`
}

func (s *Server) describeSslVpnServers(c *call) (any, *apiError) {
	p := c.params
	page, size, err := paging(p)
	if err != nil {
		return nil, err
	}
	resp := &describeSslVpnServersResponse{RequestId: c.requestID, PageNumber: page, PageSize: size}
	var all []sslVpnServerJSON
	s.mu.RLock()
	for _, gs := range s.gwOrder {
		g, ssl := gs.g, gs.g.SslServer
		if ssl == nil || g.RegionID != c.region || !is(c.gateway, g.ID) || !is(p["SslVpnServerId"], ssl.ID) ||
			!is(p["Name"], ssl.Name) || !is(p["ResourceGroupId"], g.ResourceGroupID) {
			continue
		}
		all = append(all, sslVpnServerJSON{SslVpnServerId: ssl.ID, Name: ssl.Name, VpnGatewayId: g.ID,
			RegionId: g.RegionID, ResourceGroupId: g.ResourceGroupID, InternetIp: g.InternetIP,
			LocalSubnet: ssl.LocalSubnet, ClientIpPool: ssl.ClientIpPool, Proto: "UDP", Port: 1194,
			Cipher: "AES-128-CBC", Connections: len(ssl.Clients), MaxConnections: int(g.SslMaxConnections),
			CreateTime: ssl.CreateTime})
	}
	s.mu.RUnlock()
	from, to := window(len(all), page, size)
	resp.TotalCount = len(all)
	resp.SslVpnServers.SslVpnServer = append([]sslVpnServerJSON{}, all[from:to]...)
	return resp, nil
}

type sslVpnClientJSON struct {
	CommonName    string `json:"CommonName"`
	Ip            string `json:"Ip"`
	Port          string `json:"Port"`
	PrivateIp     string `json:"PrivateIp"`
	Status        string `json:"Status"`
	ConnectedTime int64  `json:"ConnectedTime"`
	ReceiveBytes  int64  `json:"ReceiveBytes"`
	SendBytes     int64  `json:"SendBytes"`
}

type describeSslVpnClientsResponse struct {
	RequestId      string             `json:"RequestId"`
	VpnGatewayId   string             `json:"VpnGatewayId"`
	RegionId       string             `json:"RegionId"`
	TotalCount     int                `json:"TotalCount"`
	PageNumber     int                `json:"PageNumber"`
	PageSize       int                `json:"PageSize"`
	ClientInfoList []sslVpnClientJSON `json:"ClientInfoList"`
}

func (s *Server) describeSslVpnClients(c *call) (any, *apiError) {
	if c.gateway == "" {
		return nil, missingParam("VpnGatewayId")
	}
	page, size, err := paging(c.params)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	gs := s.gateways[c.region+"/"+c.gateway]
	var all []sslVpnClientJSON
	if gs != nil && gs.g.SslServer != nil {
		for _, cl := range gs.g.SslServer.Clients {
			all = append(all, sslVpnClientJSON{CommonName: cl.CommonName, Ip: cl.IP, Port: cl.Port,
				PrivateIp: cl.PrivateIP, Status: "online", ConnectedTime: s.started.Add(-cl.ConnectedAgo).UnixMilli(),
				ReceiveBytes: cl.ReceiveBytes, SendBytes: cl.SendBytes})
		}
	}
	s.mu.RUnlock()
	if gs == nil {
		return nil, newErr(CodeGatewayNotFound)
	}
	from, to := window(len(all), page, size)
	return &describeSslVpnClientsResponse{RequestId: c.requestID, VpnGatewayId: c.gateway, RegionId: c.region,
		TotalCount: len(all), PageNumber: page, PageSize: size,
		ClientInfoList: append([]sslVpnClientJSON{}, all[from:to]...)}, nil
}

// sslOnline is how many SSL-VPN clients hold connections of gs's SslMaxConnections. Callers hold s.mu.
func sslOnline(gs *gatewayState) int {
	if gs.g.SslServer == nil {
		return 0
	}
	return len(gs.g.SslServer.Clients)
}
