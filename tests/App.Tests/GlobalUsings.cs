global using App.TestSupport;
global using Auther.Dev;
